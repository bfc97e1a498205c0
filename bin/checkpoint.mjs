#!/usr/bin/env node
// The `checkpoint` command: the compiled CLI in lib/ (built by `npm run prepare` on install).
import { main } from '../lib/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
