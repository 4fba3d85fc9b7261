# syntax=docker/dockerfile:1
#
# ecs-reconciler's container image: `docker build -t ecs-reconciler .` (see docs/container.md).
# The final image holds the compiled JavaScript (dist/, the JSON schemas included) and production
# dependencies only, runs as the unprivileged `node` user, and starts node directly as PID 1, so
# SIGTERM reaches the controller, which shuts down gradually by itself.
#
# test/container/dockerfile.test.ts replays these steps without Docker: it understands COPY, RUN
# with `npm ...` and `ln -s`, WORKDIR, ENV, USER, EXPOSE, HEALTHCHECK, ENTRYPOINT and CMD. A new
# kind of RUN step needs teaching to it.

# ---- build: dev dependencies and the TypeScript compiler ----
FROM node:24-bookworm-slim AS build
WORKDIR /app
# Dependencies first, in their own layer, so a change to the source does not reinstall them.
# --ignore-scripts: `prepare` would build before the sources are copied; the build is the next step.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY cmd ./cmd
COPY controllers ./controllers
COPY reconcilers ./reconcilers
COPY manifests ./manifests
# What `prepare` runs: tsc -p tsconfig.build.json, which also emits the spec schemas that
# manifests/spec-schema.ts imports (dist/manifests/schema/*.json), and chmod +x dist/cmd/main.js.
RUN npm run build

# ---- final: production dependencies and dist/ only ----
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY --from=build /app/dist ./dist
# `ecs-reconciler` on the PATH: dist/cmd/main.js starts with `#!/usr/bin/env node`, and env execs
# node in its own place, so node is PID 1 (no npm, npx or shell in between).
RUN ln -s /app/dist/cmd/main.js /usr/local/bin/ecs-reconciler
USER node
EXPOSE 9090
# No curl in the slim image: node asks the controller's liveness endpoint itself. It assumes the
# default --metrics-addr port 9090.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9090/healthz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["ecs-reconciler"]
CMD ["run", "-f", "/manifests"]
