import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('user_groups')
export class UserGroupEntity {
  @PrimaryColumn('text') id!: string;
  @Column('jsonb') names!: Record<string, string>;
  @Column('text', { name: 'agency_ids', array: true, default: () => "'{}'" }) agencyIds!: string[];
  @Column('boolean', { default: false }) disabled!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
