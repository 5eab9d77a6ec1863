/** The client API: the command handlers and the batched event stream to clients. Code outside this folder imports it only through this file. */
export * from './api-handler';
export * from './commands';
export * from './event-batcher';
