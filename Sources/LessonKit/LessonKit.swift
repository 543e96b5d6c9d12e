// LessonKit: guided lessons. See Lessons/README.md for the file format.
