// Where the CLI keeps and finds its files: the data folder `npm start` uses (LIAISON_DATA_DIR, default .liaison).
export const dataDir = () => process.env.LIAISON_DATA_DIR || '.liaison';
