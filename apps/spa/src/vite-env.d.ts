/// <reference types="vite/client" />

// The build-time configuration (see README "Configuration"). Only VITE_* variables reach the bundle.
interface ImportMetaEnv {
  readonly VITE_FRAMEIO_API_BASE?: string;
  readonly VITE_FRAMEIO_IMS_BASE?: string;
  readonly VITE_FRAMEIO_CLIENT_ID?: string;
  readonly VITE_FRAMEIO_SCOPES?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
