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
      appSettings: [
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        { name: 'Hub__Site__PublicUrl', value: siteOrigin }
        { name: 'Hub__Site__ApiUrl', value: apiOrigin }
      ]
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
