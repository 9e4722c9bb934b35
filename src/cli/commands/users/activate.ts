/** `users activate USER…`. */
import type { Factory } from '../../context.js';
import { setActiveCommand } from '../../set-active.js';

export default (f: Factory) => setActiveCommand(f, true);
