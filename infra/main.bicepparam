using 'main.bicep'

// azd fills these from the environment; the deploy script passes them on the command line.
param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'hub')
param location = readEnvironmentVariable('AZURE_LOCATION', 'westeurope')
param deployerPrincipalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
param alwaysReadyInstances = int(readEnvironmentVariable('HUB_ALWAYS_READY_INSTANCES', '0'))

// Commenter sign-in (docs/sign-in.md): the providers as a JSON array, such as
//   azd env set HUB_SIGN_IN_PROVIDERS '[{"id":"google","name":"Google","issuer":"https://accounts.google.com","clientId":"<client id>","clientSecretKeyVaultSecretUri":"https://<vault>.vault.azure.net/secrets/google-client-secret"}]'
// and the vault, when it is in the hub's resource group, to give the app read access to its secrets:
//   azd env set HUB_SIGN_IN_KEY_VAULT <vault name>
// Client secrets are never set here: each is a Key Vault secret, or signInClientSecrets given to `az deployment` at deploy time.
param signInProviders = json(readEnvironmentVariable('HUB_SIGN_IN_PROVIDERS', '[]'))
param signInKeyVaultName = readEnvironmentVariable('HUB_SIGN_IN_KEY_VAULT', '')
