/** Redaction: the secrets the fleet knows and their removal from logs and clients. Code outside this folder imports it only through this file. */
export * from './fleet-redaction';
