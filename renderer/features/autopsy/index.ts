export { AutopsyPage } from './AutopsyPage';
