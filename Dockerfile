# One image for every hub process (gateway, joint-inspection, each department); compose picks the command.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Toolchain only in case better-sqlite3 has to compile from source (no prebuilt binary for the platform).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
# A CJK font (5 MB) for the 一企一表 PDF; pdfkit embeds only the glyphs used.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-wqy-microhei \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/config ./config
USER node
# Each service overrides this; the gateway is the public entry point.
EXPOSE 4000
CMD ["node", "dist/gateway/index.js"]
