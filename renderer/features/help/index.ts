export { HelpOverlay } from './HelpOverlay';
