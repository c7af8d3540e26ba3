import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CoursesController } from './courses.controller';
import { CoursesRepository } from './courses.repository';
import { CoursesService } from './courses.service';
import { Course } from './entities/course.entity';
import { CourseModule } from './entities/course-module.entity';
import { CourseVersionMedia } from './entities/course-version-media.entity';
import { CourseVersion } from './entities/course-version.entity';
import { Lesson } from './entities/lesson.entity';
import { MediaFile } from './entities/media-file.entity';
import { Question } from './entities/question.entity';

/**
 * Courses as code: the catalogue, outlines, lessons and media. Other domains use CoursesService (resolveVersion,
 * version, bank), never the tables.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Course, CourseVersion, CourseModule, Lesson, Question, MediaFile, CourseVersionMedia])],
  controllers: [CoursesController],
  providers: [CoursesService, CoursesRepository],
  exports: [CoursesService],
})
export class CoursesModule {}
