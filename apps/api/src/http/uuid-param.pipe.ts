import { PipeTransform } from '@nestjs/common';
import { TutelaError } from '@tutela/common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID names nothing: 404, like any id the actor may not see. */
export class UuidParam implements PipeTransform<string, string> {
  constructor(private readonly what = 'Resource') {}

  transform(value: string): string {
    if (!UUID.test(value)) throw TutelaError.notFound(this.what);
    return value.toLowerCase();
  }
}
