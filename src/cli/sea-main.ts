// Entry point of the single executable (dist/bin/confetti, scripts/build-binary.mjs). Built with a startup snapshot,
// this file runs once at build time: every module is loaded then, and only runMain is left for each start.
import { startupSnapshot } from 'node:v8';
import { runMain } from './run-main.js';

if (startupSnapshot.isBuildingSnapshot()) startupSnapshot.setDeserializeMainFunction(runMain);
else runMain();
