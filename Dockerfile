# syntax=docker/dockerfile:1
# aims-scan in a container: the task image of the organization examples (examples/org/), also
# usable on its own:   docker run --rm -e AWS_REGION -e AWS_PROFILE -v ~/.aws:/home/node/.aws:ro aims-scan scan --quiet
# Small (Debian slim, production dependencies only), runs as the unprivileged `node` user, and holds
# no credentials: the task role (ECS), OIDC (CI) or the SDK's usual chain provides them at run time.
# The base is an exact Node.js release (the one the tests run on); where you mirror it, pin the
# digest as well:  FROM node:24.22.3-bookworm-slim@sha256:<digest of your mirror's copy>

# Build: compile TypeScript with the dev dependencies, which stay in this stage.
FROM node:24.22.3-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY checks ./checks
COPY reports ./reports
COPY schema ./schema
RUN npx tsc -p tsconfig.json

# Run: the built package and its production dependencies only, from the lockfile.
FROM node:24.22.3-bookworm-slim
ENV NODE_ENV=production \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY schema ./schema
COPY demo/account/calls.jsonl ./demo/account/calls.jsonl
COPY examples/org/ecs-task.mjs ./examples/org/ecs-task.mjs
# Outputs go to /scan (the working folder), owned by the user the scan runs as.
RUN mkdir /scan && chown node:node /scan
WORKDIR /scan
USER node
ENTRYPOINT ["node", "/app/dist/src/cli.js"]
CMD ["--help"]
