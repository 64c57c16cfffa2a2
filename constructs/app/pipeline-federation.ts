/** Audience of every workload identity federation token exchanged with Entra ID. */
export const TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

export interface GitHubFederation {
  /** The repository, "owner/name". */
  readonly repository: string;
  /** Branch whose runs without a GitHub environment may sign in. @default "main" */
  readonly branch?: string;
  /** GitHub environments the deploy jobs run in: one per config/<environment>.json. @default [] */
  readonly environments?: string[];
  /**
   * Let pull-request runs sign in, for the plan (`cdktf diff`) on every pull request. A pull
   * request from a fork never gets a token; one from a branch of the repository does.
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
  /** Name of the workload identity federation service connection. @default "dmflow-pipeline" */
  readonly serviceConnection?: string;
}

/** The pipelines that may sign in: GitHub Actions, an Azure DevOps service connection, or both. */
export interface PipelineFederation {
  readonly github?: GitHubFederation;
  readonly azureDevOps?: AzureDevOpsFederation;
}

export interface FederatedCredential {
  readonly id: string;
  readonly issuer: string;
  readonly subject: string;
  readonly description: string;
}

/** The federated credentials for the configured pipelines: one per subject a token may carry. */
export function federatedCredentials(props: PipelineFederation): FederatedCredential[] {
  const credentials: FederatedCredential[] = [];
  if (props.github) {
    const issuer = "https://token.actions.githubusercontent.com";
    const repo = `repo:${props.github.repository}`;
    const branch = props.github.branch ?? "main";
    credentials.push({ id: `github-branch-${slug(branch)}`, issuer, subject: `${repo}:ref:refs/heads/${branch}`, description: `GitHub Actions runs on ${branch} without an environment` });
    for (const environment of props.github.environments ?? []) {
      credentials.push({ id: `github-environment-${slug(environment)}`, issuer, subject: `${repo}:environment:${environment}`, description: `GitHub Actions deploy jobs in the ${environment} environment` });
    }
    if (props.github.pullRequests ?? true) {
      credentials.push({ id: "github-pull-request", issuer, subject: `${repo}:pull_request`, description: "GitHub Actions plan jobs on pull requests" });
    }
  }
  if (props.azureDevOps) {
    const ado = props.azureDevOps;
    credentials.push({
      id: "azure-devops-service-connection",
      issuer: `https://vstoken.dev.azure.com/${ado.organizationId}`,
      subject: `sc://${ado.organization}/${ado.project}/${ado.serviceConnection ?? "dmflow-pipeline"}`,
      description: "Azure DevOps workload identity federation service connection",
    });
  }
  return credentials;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

