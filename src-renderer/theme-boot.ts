/**
 * Loaded by index.html as a classic, blocking script before the stylesheet, so the page's first
 * paint already has the user's theme (a module script runs too late and would flash the OS's).
 */
import { applyTheme, readThemeChoice } from './lib/theme';

applyTheme(readThemeChoice());
