import type { Role } from '../model/trace';

/**
 * Agent / action tokens seen on disk (FORMATS.md §1.1), keyed by a normalised form:
 * lower case with every non-alphanumeric removed, so `DoCoder`, `DO_CODER` and `do_coder`
 * share one entry. Add a line here when a writer grows a new agent; anything not listed is
 * shown with role "other", never dropped.
 */
const ROLE_BY_TOKEN: Readonly<Record<string, Role>> = {
  // era A actions (CamelCase enum values) and the seed's upper-case enum names
  dodesigner: 'designer',
  fixdesigner: 'designer',
  docoder: 'coder',
  fixcoder: 'coder',
  docoderdirect: 'coder',
  dotester: 'verifier',
  verify: 'verifier',
  checkdesigner: 'conductor',
  checkcoder: 'conductor',
  analyzeerror: 'conductor',
  // eras B and C agent / record names
  designer: 'designer',
  kerneldesigner: 'designer',
  sketch: 'designer',
  coder: 'coder',
  kernelgen: 'coder',
  fixcodegen: 'coder',
  codegen: 'coder',
  verifier: 'verifier',
  tester: 'verifier',
  decision: 'conductor',
  decisiondecision: 'conductor',
  conductordecision: 'conductor',
  kernelconductordecision: 'conductor',
  conductor: 'conductor',
  testcasegenerator: 'other',
  optaskbuilder: 'other',
  codechecker: 'other',
  // the MathIR branch (FORMATS.md §4.2): the IR is the design; sub-expression kernels are generated, repaired, combined
  mathir: 'designer',
  apirecall: 'other',
  multiexprgen: 'coder',
  multiexprrepair: 'coder',
  multiexprcombine: 'coder',
  multiexprcodechecker: 'other',
  multiexprverifier: 'verifier',
};

export function normaliseAgent(agent: string): string {
  return agent.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** A run names a handful of agents, thousands of times: each is normalised once. */
const roleByAgent = new Map<string, Role>();

export function roleOf(agent: string, inConductorFolder: boolean): Role {
  if (inConductorFolder) return 'conductor';
  let role = roleByAgent.get(agent);
  if (role === undefined) {
    if (roleByAgent.size >= 10_000) roleByAgent.clear();
    const token = normaliseAgent(agent);
    // Own keys only: an agent called `constructor` is not Object's.
    role = Object.hasOwn(ROLE_BY_TOKEN, token) ? ROLE_BY_TOKEN[token]! : 'other';
    roleByAgent.set(agent, role);
  }
  return role;
}

/** Agent tokens as they are written, for recognising names whose op differs from their folder. */
export const KNOWN_AGENT_TOKENS: readonly string[] = [
  'DoDesigner',
  'FixDesigner',
  'DoCoderDirect',
  'DoCoder',
  'FixCoder',
  'DoTester',
  'Verify',
  'CheckDesigner',
  'CheckCoder',
  'AnalyzeError',
  'DO_DESIGNER',
  'FIX_DESIGNER',
  'DO_CODER_DIRECT',
  'DO_CODER',
  'FIX_CODER',
  'DO_TESTER',
  'VERIFY',
  'kernel_designer',
  'designer',
  'kernel_gen',
  'fix_code_gen',
  'coder',
  'verifier',
  'test_case_generator',
  'sketch',
  'OpTaskBuilder',
  'code_checker',
  'decision_decision',
  'kernel_conductor_decision',
  'conductor_decision',
  'decision',
];
