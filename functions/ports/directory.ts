// The directory of machine clients (data-exchange systems): whether a client still exists, and its name, so a
// decision names the system that asked and a removed client's tokens stop working before they expire.
export interface ClientDirectory {
  /** The client's name, or undefined when the pool has no such client (removed). */
  clientName(clientId: string): Promise<string | undefined>;
}
