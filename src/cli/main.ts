// Entry point of the bundle (dist/confetti-bundle.cjs, started by dist/confetti.js).
import { runMain } from './run-main.js';

runMain();
