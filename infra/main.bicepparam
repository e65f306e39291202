using 'main.bicep'

// azd fills these from the environment; the deploy script passes them on the command line.
param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'hub')
param location = readEnvironmentVariable('AZURE_LOCATION', 'westeurope')
param deployerPrincipalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
param alwaysReadyInstances = int(readEnvironmentVariable('HUB_ALWAYS_READY_INSTANCES', '0'))
