import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { HelplineDirectory } from '@tuki/contracts';
import { Clock, TUKI_CONFIG, type TukiConfig } from '@tuki/platform';
import type { HelplineView, UpdateHelplineDto } from './dto/helpline.dto';
import { Helpline } from './helpline.entity';
import { HelplineNotFoundError } from './staff.errors';

const toView = (h: Helpline): HelplineView => ({ id: h.id, name: h.name, timeZone: h.timeZone });

/** Helplines (tenants). Created by the CLI with their first admin; each admin edits only their own. */
@Injectable()
export class HelplinesService implements HelplineDirectory {
  constructor(
    @InjectRepository(Helpline) private readonly helplines: Repository<Helpline>,
    private readonly clock: Clock,
    @Inject(TUKI_CONFIG) private readonly config: TukiConfig,
  ) {}

  async create(manager: EntityManager, name: string, timeZone?: string): Promise<HelplineView> {
    const helpline = manager.create(Helpline, {
      id: randomUUID(),
      name,
      timeZone: timeZone ?? this.config.defaultTimeZone,
      createdAt: this.clock.nowMs(),
    });
    await manager.insert(Helpline, helpline);
    return toView(helpline);
  }

  async get(helplineId: string): Promise<HelplineView> {
    const helpline = await this.helplines.findOneBy({ id: helplineId });
    if (!helpline) throw new HelplineNotFoundError();
    return toView(helpline);
  }

  /** The helpline's IANA zone, for other domains (through HELPLINE_DIRECTORY). */
  async timeZoneOf(helplineId: string): Promise<string> {
    return (await this.get(helplineId)).timeZone;
  }

  async update(helplineId: string, dto: UpdateHelplineDto): Promise<HelplineView> {
    const helpline = await this.helplines.findOneBy({ id: helplineId });
    if (!helpline) throw new HelplineNotFoundError();
    if (dto.name !== undefined) helpline.name = dto.name;
    if (dto.timeZone !== undefined) helpline.timeZone = dto.timeZone;
    await this.helplines.save(helpline);
    return toView(helpline);
  }
}
