// Outside src-main/app, `electron` resolves to this empty module (see tsconfig.json's paths), so
// any use of it fails to compile: only the Electron shell in src-main/app may depend on Electron.
export {};
