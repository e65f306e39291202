metadata name = 'The Hub'
metadata description = 'The whole hub in one resource group: storage (static site and tables), a Flex Consumption function app with a user-assigned identity, and Application Insights.'

targetScope = 'resourceGroup'

import { signInProvider } from 'modules/functionapp.bicep'

@description('Required. Name of the environment (azd sets it): part of every resource name.')
@minLength(1)
@maxLength(20)
param environmentName string

@description('Optional. Azure region for every resource.')
param location string = resourceGroup().location

@description('Optional. Instances kept warm for HTTP requests. 0 (the default) costs nothing while idle; 1 removes cold starts (see docs/operations.md for its price).')
@minValue(0)
@maxValue(10)
param alwaysReadyInstances int = 0

@description('Optional. Principal id of the person or pipeline deploying, given blob rights to upload the site (azd sets it); empty for none.')
param deployerPrincipalId string = ''

@description('Optional. Whether the deployer is a user or a service principal.')
@allowed([
  'User'
  'ServicePrincipal'
])
param deployerPrincipalType string = 'User'

@description('Optional. The OpenID Connect providers commenters may sign in with, in the order of their buttons (docs/sign-in.md); none (the default) leaves commenting anonymous only. Register https://<function app>/api/auth/<id>/callback with each.')
param signInProviders signInProvider[] = []

@description('Optional. Client secrets of the providers that name no Key Vault secret, by provider id: {"google": "..."}. Never in a parameters file kept with the code.')
@secure()
param signInClientSecrets object = {}

@description('Optional. A Key Vault in this resource group (with Azure RBAC authorization) holding the providers\' client secrets: the app\'s identity is given Key Vault Secrets User on it. Empty when the vault is elsewhere (grant the role yourself) or no secret is in a vault.')
param signInKeyVaultName string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var namePrefix = 'hub-${resourceToken}'
var tags = {
  'azd-env-name': environmentName
  application: 'hub'
}
var deploymentContainerName = 'app-package'
var storageAccountName = 'hub${resourceToken}'
var insightsName = '${namePrefix}-insights'

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: storageAccountName
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    insightsName: insightsName
    namePrefix: namePrefix
    location: location
    tags: tags
  }
}

module access 'modules/access.bicep' = {
  name: 'access'
  dependsOn: [
    storage
    monitoring
  ]
  params: {
    identityName: '${namePrefix}-identity'
    location: location
    tags: tags
    storageAccountName: storageAccountName
    insightsName: insightsName
    deployerPrincipalId: deployerPrincipalId
    deployerPrincipalType: deployerPrincipalType
    keyVaultName: signInKeyVaultName
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionApp'
  params: {
    namePrefix: namePrefix
    location: location
    tags: tags
    identityId: access.outputs.identityId
    identityClientId: access.outputs.identityClientId
    storageAccountName: storageAccountName
    blobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    siteOrigin: take(storage.outputs.webEndpoint, length(storage.outputs.webEndpoint) - 1)
    insightsName: insightsName
    alwaysReadyInstances: alwaysReadyInstances
    signInProviders: signInProviders
    signInClientSecrets: signInClientSecrets
  }
}

@description('The reader site.')
output SITE_URL string = storage.outputs.webEndpoint

@description('The API base URL: config.json points the site here.')
output API_BASE_URL string = functionApp.outputs.origin

@description('The function app name.')
output FUNCTION_APP_NAME string = functionApp.outputs.name

@description('The storage account name.')
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
