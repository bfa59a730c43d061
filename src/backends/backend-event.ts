// Connection lifecycle events a backend reports for logs and metrics; backends never log themselves.

export type BackendEventType = 'connected' | 'disconnected' | 'resync' | 'failover' | 'retry';

export interface BackendEvent {
  type: BackendEventType;
  /** Endpoint the event is about (for 'failover': the endpoint now in use). */
  endpoint: string;
  error?: unknown;
  /** 1-based attempt number of a retry or reconnect. */
  attempt?: number;
}

export type BackendEventListener = (event: BackendEvent) => void;
