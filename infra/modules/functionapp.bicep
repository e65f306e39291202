metadata name = 'Hub function app'
metadata description = 'A Flex Consumption function app (.NET 10 isolated) with identity-based connections only and the hardened site settings.'

@description('Required. Prefix for resource names.')
param namePrefix string

@description('Required. Azure region.')
param location string

@description('Required. Tags for every resource.')
param tags object

@description('Required. Resource id of the user-assigned identity.')
param identityId string

@description('Required. Client id of the user-assigned identity.')
param identityClientId string

@description('Required. Name of the storage account.')
param storageAccountName string

@description('Required. Blob endpoint of the storage account.')
param blobEndpoint string

@description('Required. Container holding the app package.')
param deploymentContainerName string

@description('Required. The static website origin, the only origin CORS allows (no trailing slash).')
param siteOrigin string

@description('Required. Application Insights resource name.')
param insightsName string

@description('Optional. Instances kept warm for HTTP: 0 costs nothing when idle; 1 removes cold starts.')
@minValue(0)
@maxValue(10)
param alwaysReadyInstances int = 0

@description('Optional. Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Optional. Memory per instance.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@export()
@sealed()
@description('A provider commenters may sign in with (docs/sign-in.md): an OpenID Connect issuer, or one of the OAuth 2.0 kinds the hub knows. Its client secret is never a property here: it is a Key Vault secret or an entry of the secure signInClientSecrets.')
type signInProvider = {
  @description('Required. In the sign-in addresses (https://<function app>/api/auth/<id>/callback is the redirect URI to register): 1 to 32 lowercase letters, digits or hyphens, such as google. No id containing "local": that is the local host\'s stand-in issuer, never deployed.')
  @minLength(1)
  @maxLength(32)
  id: string

  @description('Required. What the button and "signed in with ..." say, such as Google.')
  @minLength(1)
  @maxLength(40)
  name: string

  @description('Optional. For an OpenID Connect provider: the issuer URL, exactly as its ID tokens name it, such as https://accounts.google.com. Give either this or kind.')
  @minLength(1)
  issuer: string?

  @description('Optional. For a provider with OAuth 2.0 and no ID token: the kind, whose endpoints the hub knows. Give either this or issuer.')
  kind: ('wordpress-com' | 'github' | 'facebook' | 'x')?

  @description('Required. The client id from the app\'s registration with the provider.')
  @minLength(1)
  clientId: string

  @description('Optional. The URI of a Key Vault secret holding the client secret (https://<vault>.vault.azure.net/secrets/<name>), read by the app\'s identity as a Key Vault reference. Without it, the secret is signInClientSecrets[id].')
  clientSecretKeyVaultSecretUri: string?
}

@description('Optional. The providers commenters may sign in with (OpenID Connect issuers or OAuth 2.0 kinds), in the order of their buttons; none (the default) leaves commenting anonymous only.')
param signInProviders signInProvider[] = []

@description('Optional. Client secrets of the providers that name no Key Vault secret, by provider id.')
@secure()
param signInClientSecrets object = {}

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: insightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: '${namePrefix}-plan'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

var appName = '${namePrefix}-api'

// Hub:SignIn:Providers:N:* (src/Hub.Core/Settings/HubSignInOptions.cs), five settings per provider.
// A provider id containing "local" fails the deployment (that id is the local host's stand-in issuer), as does an issuer that is not https,
// or a provider with both an issuer and a kind, or neither.
var signInSettings = flatten(map(signInProviders, (provider, i) => [
  {
    name: 'Hub__SignIn__Providers__${i}__Id'
    value: contains(toLower(provider.id), 'local')
      ? fail('Sign-in provider id \'${provider.id}\' contains "local", which names the local host\'s stand-in issuer; it is never deployed')
      : provider.id
  }
  { name: 'Hub__SignIn__Providers__${i}__Name', value: provider.name }
  empty(provider.?kind)
    ? {
        name: 'Hub__SignIn__Providers__${i}__Issuer'
        value: startsWith(provider.?issuer ?? '', 'https://')
          ? provider.?issuer
          : fail(empty(provider.?issuer)
              ? 'Sign-in provider \'${provider.id}\' has neither an issuer (OpenID Connect) nor a kind (wordpress-com, github, facebook, x)'
              : 'Sign-in provider \'${provider.id}\' has the issuer \'${provider.?issuer}\'; a deployed issuer is an https URL')
      }
    : {
        name: 'Hub__SignIn__Providers__${i}__Kind'
        value: empty(provider.?issuer)
          ? provider.?kind
          : fail('Sign-in provider \'${provider.id}\' has both an issuer and a kind; give one')
      }
  { name: 'Hub__SignIn__Providers__${i}__ClientId', value: provider.clientId }
  {
    name: 'Hub__SignIn__Providers__${i}__ClientSecret'
    value: empty(provider.?clientSecretKeyVaultSecretUri)
      ? (signInClientSecrets[?provider.id] ?? fail('Sign-in provider \'${provider.id}\' names no clientSecretKeyVaultSecretUri and signInClientSecrets has no entry for it'))
      : '@Microsoft.KeyVault(SecretUri=${provider.?clientSecretKeyVaultSecretUri})'
  }
]))

// The app renders the reader pages on write; they name the site's address and the API's own.
var apiOrigin = 'https://${appName}.azurewebsites.net'

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled'
    // Key Vault references (a sign-in provider's client secret) are read as the app's user-assigned identity.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      remoteDebuggingEnabled: false
      cors: {
        allowedOrigins: [
          siteOrigin
        ]
        supportCredentials: false
      }
      appSettings: concat([
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        { name: 'Hub__Site__PublicUrl', value: siteOrigin }
        { name: 'Hub__Site__ApiUrl', value: apiOrigin }
      ], signInSettings)
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        alwaysReady: alwaysReadyInstances > 0 ? [
          {
            name: 'http'
            instanceCount: alwaysReadyInstances
          }
        ] : []
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Publishing goes through Entra ID (azd, az CLI); the basic-auth FTP and SCM endpoints stay shut.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('The function app name.')
output name string = app.name

@description('The API origin, https://<app>.azurewebsites.net.')
output origin string = 'https://${app.properties.defaultHostName}'
