export { TreePanel } from './TreePanel';
