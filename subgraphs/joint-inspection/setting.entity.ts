import { Entity, Column, PrimaryColumn } from 'typeorm';

/** Joint-office rules editable at run time (frequency cap, quiet periods), stored as JSON by key. */
@Entity({ name: 'setting' })
export class Setting {
  @PrimaryColumn({ type: 'varchar', length: 50 })
  key!: string;

  @Column({ type: 'text' })
  value!: string;
}
