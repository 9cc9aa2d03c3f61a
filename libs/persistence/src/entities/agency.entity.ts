import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('agencies')
export class AgencyEntity {
  @PrimaryColumn('text') id!: string;
  @Column('jsonb') names!: Record<string, string>;
  @Column('text', { array: true, default: () => "'{}'" }) services!: string[];
  @Column('boolean', { default: false }) disabled!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
