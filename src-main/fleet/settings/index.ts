/** Settings: settings.json, the keys the fleet may read, and the price table. Code outside this folder imports it only through this file. */
export * from './key-env';
export * from './pricing';
export * from './settings';
export * from './settings-writer';
