#!/usr/bin/env node
// `npm start`: placeholder until the Electron shell lands.
console.error('npm start: the desktop shell is not built yet; use `npm run serve` for the headless host.');
process.exit(1);
