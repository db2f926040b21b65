// Where the project is: the stack bundles from it, the local runtime runs from it.
import { join } from 'node:path';

export const PROJECT_ROOT = join(import.meta.dirname, '..');
