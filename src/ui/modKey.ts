/** The key that goes with Enter to run the program: ⌘ on Apple's systems, Ctrl elsewhere (CodeMirror's `Mod`). */
export const MOD_KEY = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';
