// The document port: agreements and executed PDFs, kept privately and versioned.
export interface Documents {
  put(key: string, body: Uint8Array | string, contentType: string): Promise<void>;
  /** The object, or undefined when there is none. */
  get(key: string): Promise<Uint8Array | undefined>;
}

/** Where each agreement's documents are kept. */
export const documentKeys = {
  agreementHtml: (agreementId: string) => `agreements/${agreementId}/agreement.html`,
  agreementPdf: (agreementId: string) => `agreements/${agreementId}/executed.pdf`,
};
