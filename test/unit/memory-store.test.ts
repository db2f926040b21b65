// The in-memory fakes keep the store ports' contract, so service unit tests on them prove real behaviour.
import { memoryStores } from '../support/memory-store.js';
import { storeContract } from '../support/store-contract.js';

storeContract('the in-memory fakes', async () => memoryStores());
