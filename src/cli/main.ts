// Entry point of the bundle (dist/confetti-bundle.cjs, started by dist/confetti.js).
import { setHeapFlags } from './heap-flags.js';
import { runMain } from './run-main.js';

setHeapFlags();
runMain();
