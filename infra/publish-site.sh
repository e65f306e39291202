#!/usr/bin/env bash
# Publishes the reader site into the storage account's static website ($web): switches the
# static website on, then runs `hub publish`, which uploads static-web/ (config.json naming the
# API, each page's policy admitting it) and renders every entry page from the tables. The
# function app keeps the pages current after that, as entries and comments change.
# Used by azd's postdeploy hook and by infra/deploy.sh.
# Usage: infra/publish-site.sh STORAGE_ACCOUNT_NAME API_BASE_URL
# HUB_CLI names another hub command to run instead of `dotnet run --project src/Hub.Cli`.
set -euo pipefail

if [ "$#" -ne 2 ]; then
  echo "usage: $0 STORAGE_ACCOUNT_NAME API_BASE_URL" >&2
  exit 2
fi

account=$1
api=${2%/}
root=$(cd "$(dirname "$0")/.." && pwd)

hub() {
  if [ -n "${HUB_CLI:-}" ]; then
    "$HUB_CLI" "$@"
  else
    dotnet run --project "$root/src/Hub.Cli" --configuration Release -- "$@"
  fi
}

# Enabling the static website is a data-plane setting, so it happens here rather than in Bicep
# (a deployment script would need shared-key access, which the storage account refuses).
az storage blob service-properties update --account-name "$account" --auth-mode login \
  --static-website --index-document index.html --404-document 404.html --output none
site=$(az storage account show --name "$account" --query primaryEndpoints.web --output tsv)
site=${site%/}

# A role assignment made moments ago can take a few minutes to reach the data plane.
for attempt in 1 2 3 4 5 6; do
  if AzureWebJobsStorage__accountName="$account" hub publish \
    --site-root "$root/static-web" --public-url "$site" --api-url "$api"; then
    echo "Site published to $site"
    exit 0
  fi
  echo "Publishing refused (attempt $attempt); waiting for the storage roles to take effect..." >&2
  sleep 30
done

echo "Could not publish the site: check that you hold Storage Blob Data Contributor and Storage Table Data Contributor on $account." >&2
exit 1
