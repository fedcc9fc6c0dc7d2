export { ComparePage } from './ComparePage';
export { OverviewPage } from './OverviewPage';
export { RunPage } from './RunPage';
