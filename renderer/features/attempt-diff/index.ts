export { DiffPage } from './DiffPage';
