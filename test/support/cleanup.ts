// Setup file of the suites that start servers: after each test file (whose own afterAll hooks stopped its
// servers first), its data folders go, so a test run leaves nothing in the system's temporary folder.
import { afterAll } from 'vitest';
import { removeDataDirs } from './local-server.js';

afterAll(() => removeDataDirs());
