import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One published, immutable version of a configuration document (form, lookup, role, workflow, country…). */
@Entity('config_documents')
export class ConfigDocumentEntity {
  @PrimaryColumn('text') kind!: string;
  @PrimaryColumn('text') id!: string;
  @PrimaryColumn('integer') version!: number;
  @Column('jsonb') body!: unknown;
  @Column('text') checksum!: string;
  @Column('text') source!: 'pack' | 'admin';
  @Column('timestamptz', { name: 'published_at', default: () => 'now()' }) publishedAt!: Date;
  @Column('uuid', { name: 'published_by', nullable: true }) publishedBy!: string | null;
}
