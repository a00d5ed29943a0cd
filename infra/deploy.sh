#!/usr/bin/env bash
# make deploy / make deploy-frontend. Run through make, which sets STAGE, AWS_CLI (the AWS CLI of .venv-infra),
# PYTHON (.venv's) and REGION if given on its command line.
#
#   infra/deploy.sh deploy      preflight, make package's build of the stage, then aws cloudformation package and
#                               deploy of build/$STAGE/sam.json as the stack docspot-$STAGE
#   infra/deploy.sh frontend    preflight, build frontend/, write config.json from the stack outputs, upload,
#                               invalidate CloudFront
#   infra/deploy.sh preflight   only the checks that make both fail early and clearly: stage, region, credentials
#
# Optional environment: MAIL_FROM (required on a stage's first deploy), ALARM_EMAIL, APP_URL, SITE_DOMAIN and
# SITE_CERTIFICATE_ARN, WEB_ACL_ARN, ARTIFACT_BUCKET, FRONTEND_DIST.
set -euo pipefail

: "${STAGE:?STAGE is not set}" "${AWS_CLI:?AWS_CLI is not set}" "${PYTHON:?PYTHON is not set}"
STACK="docspot-${STAGE}"
BUILD="build/${STAGE}"
export AWS_PAGER=""

case "${1:-}" in
frontend) TARGET="make deploy-frontend" ;;
*) TARGET="make deploy" ;;
esac

fail() {
    echo "${TARGET}: $*" >&2
    exit 1
}

aws() {
    "${AWS_CLI}" "$@"
}

preflight() {
    [[ -x "${AWS_CLI}" ]] || fail "the AWS CLI is missing (${AWS_CLI}); run: make infra-venv"
    [[ "${STAGE}" =~ ^[a-z][a-z0-9-]{0,15}$ ]] || fail "'${STAGE}' is not a stage name"
    [[ -f ".chalice/policy-${STAGE}.json" ]] || fail "stage '${STAGE}' has no .chalice/policy-${STAGE}.json"
    REGION="${REGION:-${AWS_REGION:-${AWS_DEFAULT_REGION:-$(aws configure get region 2>/dev/null || true)}}}"
    [[ -n "${REGION}" ]] || fail "no AWS region: export AWS_REGION=<region> (or make ... REGION=<region>)"
    export AWS_DEFAULT_REGION="${REGION}"
    local identity
    if ! identity="$(aws sts get-caller-identity --query Arn --output text --cli-connect-timeout 10 2>&1)"; then
        fail "no usable AWS credentials (${identity##*$'\n'}).
  make deploy and make deploy-frontend work in your AWS account: export AWS_PROFILE=<profile> (after aws configure or aws sso login), or
  AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, then run it again. Nothing was packaged or deployed."
    fi
    echo "Stage ${STAGE}, stack ${STACK}, region ${REGION}, as ${identity}"
}

output() { # output <stack> <OutputKey>: the value, or nothing when the stack or the output does not exist
    aws cloudformation describe-stacks --stack-name "$1" \
        --query "Stacks[0].Outputs[?OutputKey=='$2'].OutputValue | [0]" --output text 2>/dev/null |
        grep -v '^None$' || true
}

stack_exists() {
    aws cloudformation describe-stacks --stack-name "$1" >/dev/null 2>&1
}

ensure_apigateway_logging_role() {
    # API Gateway writes access logs only once the account has a CloudWatch role in the region.
    local role
    role="$(aws apigateway get-account --query cloudwatchRoleArn --output text 2>/dev/null || true)"
    if [[ -z "${role}" || "${role}" == "None" ]]; then
        echo "Creating the region's API Gateway logging role (stack docspot-apigateway-logging)"
        aws cloudformation deploy --stack-name docspot-apigateway-logging \
            --template-file infra/apigateway-account.json --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset
    fi
}

ensure_jwt_secret() {
    local name="/docspot/${STAGE}/jwt-secret"
    if stack_exists "${STACK}"; then
        name="$(aws cloudformation describe-stacks --stack-name "${STACK}" \
            --query "Stacks[0].Parameters[?ParameterKey=='JwtSecretParameterName'].ParameterValue | [0]" --output text)"
    fi
    if ! aws ssm get-parameter --name "${name}" --query Parameter.Name --output text >/dev/null 2>&1; then
        echo "Creating the JWT signing secret ${name} (SSM SecureString, a fresh random value)"
        local request
        request="$(mktemp)"
        chmod 600 "${request}"
        "${PYTHON}" -c 'import json, secrets, sys
print(json.dumps({"Name": sys.argv[1], "Type": "SecureString", "Value": secrets.token_urlsafe(48),
                  "Description": "DocSpot JWT signing secret (HS256)"}))' "${name}" >"${request}"
        aws ssm put-parameter --cli-input-json "file://${request}" >/dev/null
        rm -f "${request}"
    fi
}

warn_unverified_sender() {
    local address="$1" domain="${1#*@}" identity status
    for identity in "${address}" "${domain}"; do
        status="$(aws sesv2 get-email-identity --email-identity "${identity}" \
            --query VerifiedForSendingStatus --output text 2>/dev/null || true)"
        if [[ "${status}" == "True" ]]; then
            return 0
        fi
    done
    echo "warning: neither ${address} nor ${domain} is a verified SES identity in ${REGION}; e-mail will fail until" \
        "one is (aws sesv2 create-email-identity --email-identity ${domain}), and SES sandbox accounts can only" \
        "send to verified recipients." >&2
}

artifact_bucket() {
    local account bucket
    account="$(aws sts get-caller-identity --query Account --output text)"
    bucket="${ARTIFACT_BUCKET:-docspot-artifacts-${account}-${REGION}}"
    if ! aws s3api head-bucket --bucket "${bucket}" >/dev/null 2>&1; then
        echo "Creating the deployment artifact bucket ${bucket}" >&2
        if [[ "${REGION}" == "us-east-1" ]]; then
            aws s3api create-bucket --bucket "${bucket}" >/dev/null
        else
            aws s3api create-bucket --bucket "${bucket}" \
                --create-bucket-configuration "LocationConstraint=${REGION}" >/dev/null
        fi
        aws s3api put-public-access-block --bucket "${bucket}" --public-access-block-configuration \
            BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
        aws s3api put-bucket-lifecycle-configuration --bucket "${bucket}" --lifecycle-configuration \
            '{"Rules": [{"ID": "old-artifacts", "Status": "Enabled", "Filter": {}, "Expiration": {"Days": 90},
              "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}}]}'
    fi
    echo "${bucket}"
}

deploy_stack() { # deploy_stack <bucket> [Key=Value...]; parameters left out keep their current (or default) value
    local bucket="$1" overrides=()
    shift
    if (($# > 0)); then
        overrides=(--parameter-overrides "$@")
    fi
    aws cloudformation deploy --stack-name "${STACK}" --template-file "${BUILD}/packaged.json" \
        --s3-bucket "${bucket}" --s3-prefix "${STAGE}" \
        --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND \
        --tags "docspot:stage=${STAGE}" --no-fail-on-empty-changeset \
        "${overrides[@]}"
}

deploy() {
    local params=() app_url="${APP_URL:-}"
    if ! stack_exists "${STACK}" && [[ -z "${MAIL_FROM:-}" ]]; then
        fail "the first deploy of ${STAGE} needs MAIL_FROM=<sender address of a verified SES identity>"
    fi
    "${PYTHON}" -m infra.package --stage "${STAGE}" --region "${REGION}"
    if [[ -n "${MAIL_FROM:-}" ]]; then
        params+=("MailFrom=${MAIL_FROM}")
        warn_unverified_sender "${MAIL_FROM}"
    fi
    if [[ -n "${ALARM_EMAIL:-}" ]]; then
        params+=("AlarmEmail=${ALARM_EMAIL}")
    fi
    if [[ -n "${WEB_ACL_ARN:-}" ]]; then
        params+=("WebAclArn=${WEB_ACL_ARN}")
    fi
    if [[ -n "${SITE_DOMAIN:-}" ]]; then
        params+=("SiteDomain=${SITE_DOMAIN}" "SiteCertificateArn=${SITE_CERTIFICATE_ARN:?SITE_DOMAIN needs SITE_CERTIFICATE_ARN}")
    fi
    if [[ -z "${app_url}" && -n "${SITE_DOMAIN:-}" ]]; then
        app_url="https://${SITE_DOMAIN}"
    elif [[ -z "${app_url}" ]]; then
        app_url="$(output "${STACK}" SiteUrl)"
    fi
    if [[ -n "${app_url}" ]]; then
        params+=("AppUrl=${app_url}")
    fi

    ensure_apigateway_logging_role
    ensure_jwt_secret
    local bucket
    bucket="$(artifact_bucket)"
    echo "Uploading ${BUILD}/deployment.zip to s3://${bucket}/${STAGE}/"
    if ! aws cloudformation package --template-file "${BUILD}/sam.json" --s3-bucket "${bucket}" --s3-prefix "${STAGE}" \
        --use-json --output-template-file "${BUILD}/packaged.json" >"${BUILD}/upload.log" 2>&1; then
        tail -5 "${BUILD}/upload.log" >&2
        fail "aws cloudformation package could not upload the package (log: ${BUILD}/upload.log)"
    fi
    deploy_stack "${bucket}" "${params[@]}"

    # E-mail links need the site's URL, which exists only once the distribution does: the first deploy sets it.
    local site_url
    site_url="$(output "${STACK}" SiteUrl)"
    if [[ -z "${app_url}" && -n "${site_url}" ]]; then
        echo "Setting AppUrl=${site_url} (links in e-mails)"
        deploy_stack "${bucket}" "AppUrl=${site_url}"
    fi
    # Once per stage in effect: idempotent, so every deploy runs it (docs/architecture.md, "Appointment types").
    "${PYTHON}" -m tools.default_appointment_types --stage "${STAGE}"
    # The analytics counters from what is stored (idempotent: the result is a recount; docs/development.md).
    "${PYTHON}" -m tools.analytics_backfill --stage "${STAGE}"
    # The free slots by day from what is stored (idempotent: the result is a recount; docs/development.md).
    "${PYTHON}" -m tools.free_days_backfill --stage "${STAGE}"
    "${PYTHON}" -m tools.patient_name_keys --stage "${STAGE}"
    echo
    echo "Stack ${STACK} is deployed."
    echo "  site: ${site_url}   API: $(output "${STACK}" ApiUrl)"
    echo "  next: make deploy-frontend STAGE=${STAGE}; make admin STAGE=${STAGE} EMAIL=... PASSWORD=..."
}

frontend() {
    stack_exists "${STACK}" || fail "stack ${STACK} does not exist in ${REGION}: make deploy STAGE=${STAGE} first"
    [[ -f frontend/package.json ]] || fail "frontend/ has no web app yet (no frontend/package.json): nothing to deploy"
    command -v npm >/dev/null || fail "npm is not installed (Node.js is needed to build frontend/)"
    local dist="${FRONTEND_DIST:-frontend/dist}" bucket distribution api_url ws_url
    bucket="$(output "${STACK}" SpaBucketName)"
    distribution="$(output "${STACK}" DistributionId)"
    api_url="$(output "${STACK}" ApiUrl)"
    ws_url="$(output "${STACK}" WebsocketConnectEndpointURL)"
    [[ -n "${bucket}" && -n "${distribution}" && -n "${api_url}" ]] || fail "stack ${STACK} lacks the SPA outputs"

    (cd frontend && npm ci && npm run build)
    [[ -f "${dist}/index.html" ]] || fail "the build left no ${dist}/index.html (set FRONTEND_DIST=...)"
    # One build serves every stage: the stage's URLs reach the SPA through config.json, written here.
    "${PYTHON}" -c 'import json, sys
json.dump({"stage": sys.argv[1], "apiUrl": sys.argv[2], "wsUrl": sys.argv[3] or None}, open(sys.argv[4], "w"))' \
        "${STAGE}" "${api_url}" "${ws_url}" "${dist}/config.json"

    # Hashed build assets never change under their name: cached for a year. Everything else is revalidated.
    if [[ -d "${dist}/assets" ]]; then
        aws s3 sync "${dist}/assets" "s3://${bucket}/assets" --cache-control "public, max-age=31536000, immutable"
    fi
    aws s3 sync "${dist}" "s3://${bucket}" --exclude "assets/*" --delete --cache-control "no-cache"
    aws cloudfront create-invalidation --distribution-id "${distribution}" --paths "/*" \
        --query Invalidation.Id --output text >/dev/null
    echo "Uploaded ${dist} to s3://${bucket} and invalidated ${distribution}: $(output "${STACK}" SiteUrl)"
}

case "${1:-}" in
preflight) preflight ;;
deploy) preflight && deploy ;;
frontend) preflight && frontend ;;
*) fail "usage: infra/deploy.sh deploy|frontend|preflight" ;;
esac
