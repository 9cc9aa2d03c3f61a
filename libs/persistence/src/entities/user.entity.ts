import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') username!: string;
  @Column('text', { name: 'full_name' }) fullName!: string;
  @Column('text', { nullable: true }) email!: string | null;
  /** argon2id hash; never serialised (services map entities to DTOs explicitly). */
  @Column('text', { name: 'password_hash' }) passwordHash!: string;
  @Column('text', { name: 'role_id' }) roleId!: string;
  @Column('text', { name: 'agency_id' }) agencyId!: string;
  @Column('text', { name: 'group_ids', array: true, default: () => "'{}'" }) groupIds!: string[];
  @Column('text', { name: 'location_code', nullable: true }) locationCode!: string | null;
  @Column('text', { default: 'fr' }) locale!: string;
  @Column('boolean', { default: false }) disabled!: boolean;
  @Column('integer', { name: 'failed_logins', default: 0 }) failedLogins!: number;
  @Column('timestamptz', { name: 'locked_until', nullable: true }) lockedUntil!: Date | null;
  @Column('timestamptz', { name: 'password_changed_at' }) passwordChangedAt!: Date;
  @Column('timestamptz', { name: 'last_login_at', nullable: true }) lastLoginAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
