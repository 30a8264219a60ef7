/**
 * Common, concrete English nouns: the seed words EvolInstructGenerator turns into its first
 * requests. Written for this project (distilabel ships its own list, credited to
 * h2oai/h2o-wizardlm). Things a person can see or hold keep the first requests varied and
 * answerable; one lowercase word each, no duplicates, grouped loosely by theme.
 */
export const ENGLISH_NOUNS: readonly string[] = Object.freeze([
  // around the house
  'armchair', 'bathtub', 'bed', 'blanket', 'bookshelf', 'broom', 'bucket', 'candle', 'carpet', 'ceiling',
  'chair', 'clock', 'closet', 'cupboard', 'curtain', 'cushion', 'desk', 'door', 'doorbell', 'drawer',
  'fireplace', 'floor', 'fridge', 'hallway', 'kettle', 'key', 'ladder', 'lamp', 'lock', 'mattress',
  'mirror', 'oven', 'pillow', 'plate', 'radiator', 'roof', 'shelf', 'sink', 'sofa', 'staircase',
  'stove', 'table', 'teapot', 'towel', 'vase', 'wardrobe', 'window', 'attic', 'basement', 'chimney',
  // kitchen and food
  'apple', 'banana', 'bean', 'biscuit', 'bottle', 'bowl', 'bread', 'butter', 'cabbage', 'cake',
  'carrot', 'cheese', 'cherry', 'chocolate', 'coffee', 'cookie', 'cucumber', 'cup', 'egg', 'flour',
  'fork', 'garlic', 'grape', 'honey', 'jam', 'jar', 'knife', 'lemon', 'lettuce', 'mango',
  'mushroom', 'noodle', 'onion', 'orange', 'pan', 'pancake', 'pasta', 'peach', 'pear', 'pepper',
  'pie', 'pizza', 'potato', 'pumpkin', 'rice', 'salad', 'salt', 'sandwich', 'soup', 'spoon',
  'strawberry', 'sugar', 'tea', 'tomato', 'yogurt', 'walnut', 'olive', 'muffin', 'ladle', 'toaster',
  // nature and weather
  'beach', 'boulder', 'branch', 'cave', 'cliff', 'cloud', 'desert', 'field', 'flower', 'forest',
  'glacier', 'grass', 'hill', 'island', 'lake', 'leaf', 'meadow', 'moon', 'mountain', 'ocean',
  'pebble', 'pond', 'rainbow', 'river', 'rock', 'sand', 'seed', 'snowflake', 'star', 'stone',
  'storm', 'stream', 'sun', 'swamp', 'thunder', 'tree', 'valley', 'volcano', 'waterfall', 'wave',
  'acorn', 'canyon', 'coral', 'fern', 'moss', 'puddle', 'reef', 'root', 'shell', 'tulip',
  // animals
  'ant', 'bear', 'bee', 'beetle', 'bird', 'butterfly', 'camel', 'cat', 'cow', 'crab',
  'crow', 'deer', 'dog', 'dolphin', 'donkey', 'duck', 'eagle', 'elephant', 'falcon', 'fox',
  'frog', 'giraffe', 'goat', 'goose', 'hedgehog', 'horse', 'kangaroo', 'lion', 'lizard', 'mouse',
  'octopus', 'owl', 'parrot', 'penguin', 'pig', 'rabbit', 'salmon', 'shark', 'sheep', 'snail',
  'spider', 'squirrel', 'swan', 'tiger', 'tortoise', 'whale', 'wolf', 'zebra', 'otter', 'badger',
  // tools and workshop
  'anvil', 'axe', 'bolt', 'brush', 'chisel', 'compass', 'drill', 'file', 'glue', 'hammer',
  'hinge', 'hose', 'magnet', 'nail', 'needle', 'padlock', 'pliers', 'pulley', 'rope', 'ruler',
  'saw', 'scissors', 'screw', 'shovel', 'spanner', 'tape', 'thermometer', 'thread', 'toolbox', 'wheelbarrow',
  // places and buildings
  'airport', 'bakery', 'bank', 'barn', 'bridge', 'castle', 'cathedral', 'cinema', 'factory', 'farm',
  'garden', 'harbor', 'hospital', 'hotel', 'library', 'lighthouse', 'market', 'museum', 'office', 'park',
  'playground', 'prison', 'school', 'stadium', 'station', 'supermarket', 'temple', 'theater', 'tower', 'village',
  'warehouse', 'windmill', 'greenhouse', 'laboratory', 'pharmacy', 'restaurant', 'tunnel', 'fountain', 'courtyard', 'pier',
  // transport
  'airplane', 'ambulance', 'bicycle', 'boat', 'bus', 'canoe', 'car', 'helicopter', 'motorcycle', 'rocket',
  'sailboat', 'scooter', 'ship', 'skateboard', 'submarine', 'taxi', 'tractor', 'train', 'tram', 'truck',
  'wagon', 'ferry', 'balloon', 'sled', 'raft',
  // clothing and personal things
  'backpack', 'belt', 'boot', 'bracelet', 'button', 'cap', 'coat', 'glove', 'hat', 'jacket',
  'necklace', 'ring', 'sandal', 'scarf', 'shirt', 'shoe', 'sock', 'sweater', 'umbrella', 'wallet',
  'watch', 'suitcase', 'helmet', 'apron', 'glasses',
  // objects of work, study and play
  'abacus', 'ball', 'battery', 'book', 'calculator', 'calendar', 'camera', 'chalk', 'coin', 'computer',
  'crayon', 'dice', 'envelope', 'eraser', 'flag', 'guitar', 'headphones', 'kite', 'letter', 'map',
  'microphone', 'microscope', 'newspaper', 'notebook', 'painting', 'paper', 'pen', 'pencil', 'piano', 'postcard',
  'puzzle', 'radio', 'robot', 'stamp', 'telescope', 'ticket', 'toy', 'trophy', 'violin', 'drum',
  'keyboard', 'printer', 'telephone', 'television', 'lantern', 'whistle', 'basket', 'box', 'mailbox', 'globe',
]);
