#!/usr/bin/env bash
# Publishes static-web/ to the storage account's static website ($web), pointing the site at
# the API: it writes config.json and adds the API's origin to each page's connect-src.
# Used by azd's postdeploy hook and by infra/deploy.sh.
# Usage: infra/publish-site.sh STORAGE_ACCOUNT_NAME API_BASE_URL
set -euo pipefail

if [ "$#" -ne 2 ]; then
  echo "usage: $0 STORAGE_ACCOUNT_NAME API_BASE_URL" >&2
  exit 2
fi

account=$1
api=${2%/}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Enabling the static website is a data-plane setting, so it happens here rather than in Bicep
# (a deployment script would need shared-key access, which the storage account refuses).
az storage blob service-properties update --account-name "$account" --auth-mode login \
  --static-website --index-document index.html --404-document 404.html --output none

cp -R "$root/static-web/." "$work/"
printf '{\n  "apiBase": "%s"\n}\n' "$api" > "$work/config.json"
# The storage static website cannot send headers, so the policy lives in each page's meta tag.
find "$work" -name '*.html' -exec sed -i "s|connect-src 'self'|connect-src 'self' $api|" {} +

# A role assignment made moments ago can take a few minutes to reach the data plane.
for attempt in 1 2 3 4 5 6; do
  # shellcheck disable=SC2016 # '$web' is the container's literal name, not a variable.
  if az storage blob upload-batch --account-name "$account" --auth-mode login \
    --destination '$web' --source "$work" --overwrite --output none; then
    echo "Site published to $account"
    exit 0
  fi
  echo "Upload refused (attempt $attempt); waiting for the blob role to take effect..." >&2
  sleep 30
done

echo "Could not upload the site: check that you hold Storage Blob Data Contributor on $account." >&2
exit 1
