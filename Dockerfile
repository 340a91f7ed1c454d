# figurewatch worker. better-sqlite3 compiles from source, so the build stage carries a toolchain.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY tests ./tests
COPY bench ./bench
RUN npm ci && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY config ./config
COPY docker/entrypoint.sh /usr/local/bin/figurewatch-entrypoint
RUN mkdir -p state && chown node:node state
VOLUME ["/app/state"]
# The entrypoint starts as root only to hand the state folder to an unprivileged user, then drops to it.
ENTRYPOINT ["figurewatch-entrypoint", "node", "--max-old-space-size=512", "--max-semi-space-size=2", "dist/src/cli/main.js"]
CMD ["run", "--now"]
# Healthy while the daemon holds the store with a fresh heartbeat.
HEALTHCHECK --interval=60s --timeout=20s --start-period=120s --retries=3 CMD ["node", "dist/src/cli/main.js", "status", "--check"]
