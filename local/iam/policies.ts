// Every AWS call a function makes is evaluated against that function's role policy from the
// template, with a real IAM policy evaluator (@cloud-copilot/iam-simulate). A call the policy does
// not allow is refused as AWS would refuse it, and recorded: function, action and resource. The
// reverse is kept too: which granted action/resource pairs no call used.
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { LOCAL_ACCOUNT, type PolicyDocument } from '../template.js';

export interface Principal {
  /** Who it is, for people: the Liaison function name (or "state machine", "scheduler"). */
  label: string;
  roleArn: string;
  policies: PolicyDocument[];
}

export interface AwsCall {
  action: string;
  resource: string;
  context?: Record<string, string>;
}
export interface Denial extends AwsCall {
  principal: string;
  at: string;
}
export interface Grant {
  principal: string;
  action: string;
  resource: string;
}

// AWS evaluates the task-token actions against the state machine ARN (CDK's grantTaskResponse grants
// on it and AWS's denials name it), though the service reference lists no resource type for them;
// the evaluator refuses that combination, so these few are matched statement by statement here.
const STATE_MACHINE_SCOPED = new Set(['states:sendtasksuccess', 'states:sendtaskfailure', 'states:sendtaskheartbeat']);

const asList = (value: unknown): string[] => (value === undefined ? [] : [value].flat().map(String));
function wildcard(pattern: string, value: string, ignoreCase = false) {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    ignoreCase ? 'i' : '',
  );
  return regex.test(value);
}

function statementMatches(statement: Record<string, unknown>, call: AwsCall) {
  const actions = asList(statement.Action);
  const notActions = asList(statement.NotAction);
  const actionOk = actions.length
    ? actions.some((a) => wildcard(a, call.action, true))
    : !notActions.some((a) => wildcard(a, call.action, true));
  const resources = asList(statement.Resource);
  const notResources = asList(statement.NotResource);
  const resourceOk = resources.length
    ? resources.some((r) => wildcard(r, call.resource))
    : !notResources.some((r) => wildcard(r, call.resource));
  return actionOk && resourceOk && statement.Condition === undefined;
}

const MAX_CACHED_DECISIONS = 10_000;

export class PolicyEvaluator {
  readonly denials: Denial[] = [];
  private readonly used = new Set<string>();
  private readonly cache = new Map<string, Promise<boolean>>();

  constructor(private readonly principals: Map<string, Principal>) {}

  /** The principal an access key belongs to (each function signs with its own role's key). */
  principalOf(accessKeyId: string | undefined): Principal | undefined {
    return accessKeyId ? this.principals.get(accessKeyId) : undefined;
  }

  async allows(principal: Principal, call: AwsCall): Promise<boolean> {
    const key = JSON.stringify([principal.roleArn, call.action, call.resource, call.context ?? {}]);
    let decision = this.cache.get(key);
    if (!decision) {
      // object keys differ per onboarding: the cache starts over rather than grow with the data
      if (this.cache.size >= MAX_CACHED_DECISIONS) this.cache.clear();
      decision = this.evaluate(principal, call);
      this.cache.set(key, decision);
    }
    const allowed = await decision;
    if (allowed) this.markUsed(principal, call);
    return allowed;
  }

  /** Evaluates and records a refusal (the local services then answer as AWS does). */
  async check(principal: Principal, call: AwsCall): Promise<boolean> {
    const allowed = await this.allows(principal, call);
    if (!allowed) this.denials.push({ principal: principal.label, ...call, at: new Date().toISOString() });
    return allowed;
  }

  private async evaluate(principal: Principal, call: AwsCall): Promise<boolean> {
    const statements = principal.policies.flatMap((p) => p.Statement);
    if (STATE_MACHINE_SCOPED.has(call.action.toLowerCase())) {
      const matching = statements.filter((s) => statementMatches(s, call));
      return matching.some((s) => s.Effect === 'Allow') && !matching.some((s) => s.Effect === 'Deny');
    }
    const response = await runSimulation(
      {
        identityPolicies: principal.policies.map((policy, i) => ({ name: `policy-${i}`, policy })),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: undefined,
        request: {
          principal: principal.roleArn,
          action: call.action,
          resource: { resource: call.resource, accountId: LOCAL_ACCOUNT },
          // the local endpoints are plain HTTP; on AWS every call is TLS
          contextVariables: { 'aws:SecureTransport': 'true', ...call.context },
        },
      } as never,
      {},
    );
    if (response.resultType === 'error') {
      throw new Error(`cannot evaluate ${call.action} on ${call.resource}: ${JSON.stringify(response.errors)}`);
    }
    return response.overallResult === 'Allowed';
  }

  private markUsed(principal: Principal, call: AwsCall) {
    for (const statement of principal.policies.flatMap((p) => p.Statement)) {
      if (statement.Effect !== 'Allow') continue;
      for (const action of asList(statement.Action)) {
        if (!wildcard(action, call.action, true)) continue;
        for (const resource of asList(statement.Resource)) {
          if (wildcard(resource, call.resource)) this.used.add(JSON.stringify([principal.label, action, resource]));
        }
      }
    }
  }

  /** Every action/resource pair a principal was granted, with whether any call used it. */
  grants(): (Grant & { used: boolean })[] {
    const grants: (Grant & { used: boolean })[] = [];
    for (const principal of new Set(this.principals.values())) {
      for (const statement of principal.policies.flatMap((p) => p.Statement)) {
        if (statement.Effect !== 'Allow') continue;
        for (const action of asList(statement.Action)) {
          // CloudWatch Logs and X-Ray are written by the Lambda service itself, not by our code
          if (/^(logs|xray):/.test(action)) continue;
          for (const resource of asList(statement.Resource)) {
            const used = this.used.has(JSON.stringify([principal.label, action, resource]));
            grants.push({ principal: principal.label, action, resource, used });
          }
        }
      }
    }
    return grants;
  }
}
