export { FindPage } from './FindPage';
