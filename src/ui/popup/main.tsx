import { mount } from '../components/mount';
import { Popup } from './Popup';
import './popup.css';

mount(<Popup />, 'popupTitle');
