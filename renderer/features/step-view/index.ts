export { FilePage } from './FilePage';
export { StepView } from './StepView';
