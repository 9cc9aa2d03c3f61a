import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '@tutela/common';
import { ProfileService } from '@tutela/cases';
import { CurrentActor } from './request-context';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly profiles: ProfileService) {}

  @Get()
  @ApiOperation({ summary: 'The signed-in user: role, agency, groups, location and effective permissions' })
  async me(@CurrentActor() actor: Actor) {
    return { data: await this.profiles.profile(actor) };
  }
}
