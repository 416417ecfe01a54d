/** The parts of a Ghost export (Ghost 0.x to 6) the importer reads; every field may be missing in some version. */
export type GhostId = string | number;
/** ISO strings since Ghost 1; milliseconds since the epoch in Ghost 0.x. */
export type GhostDate = string | number | null | undefined;

export interface GhostMeta {
  exported_on?: number;
  version?: string;
  url?: string;
}

export interface GhostPost {
  id: GhostId;
  uuid?: string;
  title?: string | null;
  slug?: string;
  html?: string | null;
  lexical?: string | null;
  mobiledoc?: string | null;
  markdown?: string | null;
  feature_image?: string | null;
  feature_image_alt?: string | null;
  feature_image_caption?: string | null;
  type?: string;
  page?: boolean | number;
  status?: string;
  visibility?: string;
  custom_excerpt?: string | null;
  codeinjection_head?: string | null;
  codeinjection_foot?: string | null;
  created_at?: GhostDate;
  updated_at?: GhostDate;
  published_at?: GhostDate;
  author_id?: GhostId;
  featured?: boolean | number;
}

export interface GhostTag {
  id: GhostId;
  name?: string;
  slug?: string;
  visibility?: string;
  parent_id?: GhostId | null;
}

export interface GhostUser {
  id: GhostId;
  name?: string;
  slug?: string;
  email?: string;
  status?: string;
}

export interface GhostLink {
  post_id: GhostId;
  sort_order?: number;
}

export interface GhostComment {
  id: GhostId;
  post_id: GhostId;
  member_id?: GhostId | null;
  parent_id?: GhostId | null;
  in_reply_to_id?: GhostId | null;
  status?: string;
  html?: string | null;
  created_at?: GhostDate;
}

export interface GhostMember {
  id: GhostId;
  email?: string;
  name?: string | null;
}

export interface GhostData {
  posts: GhostPost[];
  tags?: GhostTag[];
  users?: GhostUser[];
  posts_tags?: (GhostLink & { tag_id: GhostId })[];
  posts_authors?: (GhostLink & { author_id: GhostId })[];
  posts_meta?: { post_id: GhostId; feature_image_alt?: string | null; feature_image_caption?: string | null }[];
  settings?: { key: string; value: unknown }[];
  comments?: GhostComment[];
  members?: GhostMember[];
}
