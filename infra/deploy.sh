#!/usr/bin/env bash
# Deploys the hub with the Azure CLI alone (for those without azd): provisions infra/main.bicep,
# publishes the function app and the site, and prints the URLs.
# Usage: infra/deploy.sh [ENVIRONMENT_NAME] [LOCATION]     (defaults: hub, westeurope)
# Needs: az (logged in with `az login`), the .NET 10 SDK, zip.
# Commenter sign-in (docs/sign-in.md): HUB_SIGN_IN_PARAMETERS_FILE names an ARM parameters file, kept out of
# the repository, with signInProviders, signInClientSecrets and signInKeyVaultName.
set -euo pipefail

environment=${1:-${AZURE_ENV_NAME:-hub}}
location=${2:-${AZURE_LOCATION:-westeurope}}
group=${AZURE_RESOURCE_GROUP:-rg-$environment}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Whoever deploys gets blob rights on the storage account to upload the site.
if [ "$(az account show --query user.type --output tsv)" = "servicePrincipal" ]; then
  deployer=$(az ad sp show --id "$(az account show --query user.name --output tsv)" --query id --output tsv)
  deployer_type=ServicePrincipal
else
  deployer=$(az ad signed-in-user show --query id --output tsv)
  deployer_type=User
fi

echo "== Provisioning $group in $location"
az group create --name "$group" --location "$location" --tags "azd-env-name=$environment" --output none
sign_in=()
if [ -n "${HUB_SIGN_IN_PARAMETERS_FILE:-}" ]; then
  sign_in=(--parameters "@$HUB_SIGN_IN_PARAMETERS_FILE")
fi
az deployment group create --resource-group "$group" --name hub \
  --template-file "$root/infra/main.bicep" \
  --parameters environmentName="$environment" location="$location" \
    deployerPrincipalId="$deployer" deployerPrincipalType="$deployer_type" \
    alwaysReadyInstances="${HUB_ALWAYS_READY_INSTANCES:-0}" \
  "${sign_in[@]}" \
  --output none

output() {
  az deployment group show --resource-group "$group" --name hub --query "properties.outputs.$1.value" --output tsv
}
app=$(output FUNCTION_APP_NAME)
storage=$(output STORAGE_ACCOUNT_NAME)
api=$(output API_BASE_URL)
site=$(output SITE_URL)

echo "== Publishing the function app $app"
dotnet publish "$root/src/Hub.Functions" --configuration Release --output "$work/api"
(cd "$work/api" && zip -q -r "$work/api.zip" .)
az functionapp deployment source config-zip --resource-group "$group" --name "$app" --src "$work/api.zip" --output none

echo "== Publishing the site"
"$root/infra/publish-site.sh" "$storage" "$api"

cat <<DONE

The hub is deployed.
  Site: $site
  API:  $api

Moderators are people, each with a secret of their own (the audit log names them). Add one with:
  AzureWebJobsStorage__accountName=$storage dotnet run --project "$root/src/Hub.Cli" -- moderators add <name>
It prints the secret once; they sign in to $site/manage/ with it. "moderators list" and
"moderators revoke <name>" do the rest (revocation takes effect at once).
DONE
