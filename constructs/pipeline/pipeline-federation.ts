import type { FederatedSubject } from "./pipeline-identity";

const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

export interface GitHubFederation {
  /** The repository, "owner/name". */
  readonly repository: string;
  /** The branch whose runs without a GitHub environment (plans on it, drift checks) sign in as the plan identity. @default "main" */
  readonly branch?: string;
  /**
   * Let pull-request runs sign in as the read-only plan identity, for the plan on every pull
   * request. A pull request from a fork never gets a token; one from a branch of the repository does.
   * @default true
   */
  readonly pullRequests?: boolean;
}

export interface AzureDevOpsFederation {
  /** Organization name, as in https://dev.azure.com/<organization>. */
  readonly organization: string;
  /** Organization id (a GUID): the token issuer is https://vstoken.dev.azure.com/<organizationId>. */
  readonly organizationId: string;
  /** Project name. */
  readonly project: string;
  /** Service connection of the read-only plan identity. @default "dmflow-plan" */
  readonly planServiceConnection?: string;
  /** Each environment's deploy service connection is "<prefix>-<environment>". @default "dmflow-deploy" */
  readonly deployServiceConnectionPrefix?: string;
}

export interface Federation {
  readonly github?: GitHubFederation;
  readonly azureDevOps?: AzureDevOpsFederation;
}

/** The subjects of the read-only plan identity: pull requests, the main branch, the plan service connection. */
export function planSubjects(federation: Federation): FederatedSubject[] {
  const subjects: FederatedSubject[] = [];
  const { github, azureDevOps } = federation;
  if (github) {
    const repo = `repo:${github.repository}`;
    const branch = github.branch ?? "main";
    if (github.pullRequests ?? true) {
      subjects.push({
        id: "github-pull-request",
        issuer: GITHUB_ISSUER,
        subject: `${repo}:pull_request`,
        description: "GitHub Actions plans on pull requests",
      });
    }
    subjects.push({
      id: `github-branch-${slug(branch)}`,
      issuer: GITHUB_ISSUER,
      subject: `${repo}:ref:refs/heads/${branch}`,
      description: `GitHub Actions plans and drift checks on ${branch} (jobs without an environment)`,
    });
  }
  if (azureDevOps)
    subjects.push(
      azureDevOpsSubject(azureDevOps, azureDevOps.planServiceConnection ?? "dmflow-plan", "plans and drift checks"),
    );
  return subjects;
}

/** The subjects of one environment's deploy identity: that environment's GitHub environment and service connection only. */
export function deploySubjects(federation: Federation, environment: string): FederatedSubject[] {
  const subjects: FederatedSubject[] = [];
  const { github, azureDevOps } = federation;
  if (github) {
    subjects.push({
      id: `github-environment-${slug(environment)}`,
      issuer: GITHUB_ISSUER,
      subject: `repo:${github.repository}:environment:${environment}`,
      description: `GitHub Actions deploy jobs in the ${environment} environment`,
    });
  }
  if (azureDevOps) {
    subjects.push(
      azureDevOpsSubject(
        azureDevOps,
        `${azureDevOps.deployServiceConnectionPrefix ?? "dmflow-deploy"}-${environment}`,
        `deploys of ${environment}`,
      ),
    );
  }
  return subjects;
}

function azureDevOpsSubject(ado: AzureDevOpsFederation, serviceConnection: string, what: string): FederatedSubject {
  return {
    id: `azure-devops-${slug(serviceConnection)}`,
    issuer: `https://vstoken.dev.azure.com/${ado.organizationId}`,
    subject: `sc://${ado.organization}/${ado.project}/${serviceConnection}`,
    description: `Azure DevOps service connection ${serviceConnection}: ${what}`,
  };
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
